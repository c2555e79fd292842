namespace CgManager.DBus;

/// <summary>Header field codes (the 'y' of each a(yv) element), per the specification.</summary>
internal enum HeaderFieldCode : byte
{
    Invalid = 0,
    Path = 1,
    Interface = 2,
    Member = 3,
    ErrorName = 4,
    ReplySerial = 5,
    Destination = 6,
    Sender = 7,
    Signature = 8,
    UnixFds = 9,
}
