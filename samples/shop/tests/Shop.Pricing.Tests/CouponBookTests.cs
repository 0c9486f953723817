using Shop.Pricing;

namespace Shop.Pricing.Tests;

public class CouponBookTests
{
    [Theory]
    [InlineData("WELCOME10")]
    [InlineData("welcome10")]
    [InlineData("  Welcome10 ")]
    public void Codes_are_found_ignoring_case_and_surrounding_spaces(string typed)
    {
        var welcome = new PercentageDiscount(10m);
        var book = new CouponBook().Add("WELCOME10", welcome);

        Assert.True(book.TryFind(typed, out var found));
        Assert.Same(welcome, found);
    }

    [Fact]
    public void An_unknown_code_is_not_found()
    {
        var book = new CouponBook().Add("WELCOME10", new PercentageDiscount(10m));

        Assert.False(book.TryFind("WELCOME100", out _));
    }

    [Fact]
    public void A_code_cannot_be_added_twice()
    {
        var book = new CouponBook().Add("SAVE", new FixedAmountDiscount(1m));

        Assert.Throws<ArgumentException>(() => book.Add("save", new FixedAmountDiscount(2m)));
    }
}
