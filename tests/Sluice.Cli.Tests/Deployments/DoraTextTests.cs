using Sluice.Cli.Server;
using Sluice.Protocol;

namespace Sluice.Cli.Tests.Deployments;

/// <summary><c>sluice dora</c>'s text, whole: the keys in human units with counts and bands, and a character a day.</summary>
public sealed class DoraTextTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_four_keys_read_in_human_units_with_their_counts_and_bands()
    {
        var days = Enumerable.Range(0, 8).Select(i => new DoraDayView(new DateOnly(2026, 3, 2).AddDays(i), i switch { 0 => 1, 1 => 2, 2 => 12, _ => 0 }, i == 2 ? 1 : 0, null)).ToList();
        var dora = new DoraView("shop", "production", From, From.AddDays(7),
            new DoraKeyView(5.0 / 7, 5, "high"),
            new DoraKeyView(4 * 3600 + 90, 5, "elite"),
            new DoraKeyView(1.0 / 6, 6, "low"),
            new DoraKeyView(1800, 1, "elite"),
            days);

        Assert.Equal(
            """
            shop (production): 2026-03-02 09:30 to 2026-03-09 09:30 UTC, 7 days
            deployment frequency      5/week  high    5 healthy deployments
            lead time                  4h01m  elite   median of 5 deployments
            change failure rate        16.7%  low     1 of 6 changes
            time to restore           30m00s  elite   median of 1 failure
            
            deployed  12+.....
            failed    ..1.....
                      one character a day from 2026-03-02: . none, 1-9, + ten or more

            """.ReplaceLineEndings("\n"),
            Render(dora));
    }

    [Fact]
    public void Nothing_to_compute_from_reads_as_dashes_for_all_environments()
    {
        var none = new DoraKeyView(null, 0, null);
        var dora = new DoraView("shop", null, From, From.AddDays(1), none, none, none, none, [new DoraDayView(new DateOnly(2026, 3, 2), 0, 0, null), new DoraDayView(new DateOnly(2026, 3, 3), 0, 0, null)]);

        Assert.Equal(
            """
            shop (all environments): 2026-03-02 09:30 to 2026-03-03 09:30 UTC, 1 day
            deployment frequency           -  -       0 healthy deployments
            lead time                      -  -       median of 0 deployments
            change failure rate            -  -       0 of 0 changes
            time to restore                -  -       median of 0 failures
            
            deployed  ..
            failed    ..
                      one character a day from 2026-03-02: . none, 1-9, + ten or more

            """.ReplaceLineEndings("\n"),
            Render(dora));
    }

    [Theory]
    [InlineData(3.0, "3/day")]
    [InlineData(1.0, "1/day")]
    [InlineData(0.5, "3.5/week")]
    [InlineData(0.1, "3/month")]
    [InlineData(0.0, "none")]
    [InlineData(null, "-")]
    public void Frequency_reads_per_day_week_or_month(double? perDay, string text) => Assert.Equal(text, DoraText.Frequency(perDay));

    [Theory]
    [InlineData(42.0, "42s")]
    [InlineData(3599.0, "59m59s")]
    [InlineData(7200.0, "2h00m")]
    [InlineData(3 * 86_400 + 5 * 3600.0, "3d05h")]
    public void Durations_read_in_the_largest_unit_that_fits(double seconds, string text) => Assert.Equal(text, DoraText.Duration(seconds));

    private static string Render(DoraView dora)
    {
        using var output = new StringWriter { NewLine = "\n" };
        DoraText.Write(output, dora);
        return output.ToString();
    }
}
