namespace CgManager.DBus.Tests.Signatures;

public class SignatureRulesTests
{
    private static readonly string ThirtyTwoArrays = new string('a', 32) + "i";
    private static readonly string ThirtyTwoStructs = new string('(', 32) + "i" + new string(')', 32);

    [Theory]
    [InlineData("")]
    [InlineData("y")]
    [InlineData("ybnqiuxtdsogh")]
    [InlineData("v")]
    [InlineData("as")]
    [InlineData("a{sv}")]
    [InlineData("a(ii)")]
    [InlineData("aai")]
    [InlineData("(i(ii))")]
    [InlineData("a{s(ai)}")]
    [InlineData("a{oa{sa{sv}}}")]
    [InlineData("a(ix)a{sv}(sa(yt))av")]
    public void Valid_signatures_are_accepted(string signature)
    {
        Assert.True(SignatureRules.IsValid(signature, out string? error), error);
        Assert.Null(error);
    }

    [Fact]
    public void The_nesting_limits_themselves_are_accepted()
    {
        Assert.True(SignatureRules.IsValid(ThirtyTwoArrays, out _));
        Assert.True(SignatureRules.IsValid(ThirtyTwoStructs, out _));
        Assert.True(SignatureRules.IsValid(new string('a', 32) + ThirtyTwoStructs, out _));
        Assert.True(SignatureRules.IsValid(new string('y', 255), out _));
    }

    [Theory]
    [InlineData("a", "the array at position 0 has no element type")]
    [InlineData("ia", "the array at position 1 has no element type")]
    [InlineData("(", "the struct opened at position 0 is not closed")]
    [InlineData("(ii", "the struct opened at position 0 is not closed")]
    [InlineData("()", "the struct at position 0 is empty")]
    [InlineData(")", "unexpected ')' at position 0")]
    [InlineData("i)", "unexpected ')' at position 1")]
    [InlineData("{ss}", "the dict entry at position 0 is not an array element")]
    [InlineData("({ss})", "the dict entry at position 1 is not an array element")]
    [InlineData("a{vs}", "has key type 'v'; keys must be basic types")]
    [InlineData("a{(i)s}", "has key type '('; keys must be basic types")]
    [InlineData("a{s}", "the dict entry at position 1 has no value type")]
    [InlineData("a{sss}", "the dict entry at position 1 has more than a key and a value")]
    [InlineData("a{ss", "the dict entry opened at position 1 is not closed")]
    [InlineData("a{s", "the dict entry opened at position 1 is not closed")]
    [InlineData("a{", "the dict entry opened at position 1 is not closed")]
    [InlineData("z", "'z' at position 0 is not a type code")]
    [InlineData("i\0", "0x00 at position 1 is not a type code")]
    [InlineData("ié", "character U+00E9 at position 1 is not a type code")]
    public void Invalid_signatures_are_rejected_with_the_reason(string signature, string reason)
    {
        Assert.False(SignatureRules.IsValid(signature, out string? error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Thirty_three_nested_arrays_are_rejected()
    {
        Assert.False(SignatureRules.IsValid("a" + ThirtyTwoArrays, out string? error));
        Assert.Contains("more than 32 nested arrays at position 32", error);
    }

    [Fact]
    public void Thirty_three_nested_structs_are_rejected()
    {
        Assert.False(SignatureRules.IsValid("(" + ThirtyTwoStructs + ")", out string? error));
        Assert.Contains("more than 32 nested structs at position 32", error);
    }

    [Fact]
    public void A_signature_of_256_characters_is_rejected()
    {
        Assert.False(SignatureRules.IsValid(new string('y', 256), out string? error));
        Assert.Contains("256 characters long, more than 255", error);
    }

    [Theory]
    [InlineData("s", true)]
    [InlineData("a{sv}", true)]
    [InlineData("(ii)", true)]
    [InlineData("aai", true)]
    [InlineData("", false)]
    [InlineData("ss", false)]
    [InlineData("a", false)]
    [InlineData("a{sv}i", false)]
    public void Single_complete_types_are_recognized(string signature, bool expected) =>
        Assert.Equal(expected, SignatureRules.IsSingleCompleteType(signature));

    [Fact]
    public void Signatures_split_into_complete_types()
    {
        Assert.Equal(["s", "a{sv}", "(i(ii))", "aai", "v"], SignatureRules.SplitCompleteTypes("sa{sv}(i(ii))aaiv"));
        Assert.Empty(SignatureRules.SplitCompleteTypes(""));
    }

    [Fact]
    public void Splitting_an_invalid_signature_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => SignatureRules.SplitCompleteTypes("a{vs}"));
}
