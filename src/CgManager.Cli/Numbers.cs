using System.Globalization;

namespace CgManager.Cli;

/// <summary>How the original client read its numeric arguments (spec §8), apart from the commands that use them.</summary>
internal static class Numbers
{
    /// <summary>The text the original printed for a bad id, and (reused) for a bad mode.</summary>
    public const string BadUidOrGid = "Bad uid or gid";

    /// <summary>C atoi: optional blanks and sign, then digits up to the first non-digit; no digits gives 0.</summary>
    public static int Atoi(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && value <= int.MaxValue)
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }

        value = negative ? -value : value;
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }

    /// <summary>A uid or gid in base 10, from 0 to 2^31-2 (the original refused negative values and 2^31-1 and above).</summary>
    public static int ParseId(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id) && id >= 0 && id < int.MaxValue
            ? (int)id
            : throw new UsageException(BadUidOrGid);

    /// <summary>A mode in octal (e.g. 775 or 0775), at most 07777.</summary>
    public static int ParseMode(string text)
    {
        if (text.Length == 0 || text.Length > 12 || !text.All(c => c is >= '0' and <= '7'))
        {
            throw new UsageException(BadUidOrGid);
        }

        long mode = Convert.ToInt64(text, 8);
        return mode <= 0x0FFF ? (int)mode : throw new UsageException(BadUidOrGid);
    }

    public static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Octal(uint value) => Convert.ToString(value, 8);
}
