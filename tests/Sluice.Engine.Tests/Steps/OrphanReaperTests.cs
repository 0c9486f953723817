using System.Text;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Tests.Steps;

public sealed class OrphanReaperTests
{
    private const string Entry = "SLUICE_TRACKING_ID=abc";

    [Theory]
    [InlineData("SLUICE_TRACKING_ID=abc")]
    [InlineData("SLUICE_TRACKING_ID=abc\0")]
    [InlineData("A=1\0SLUICE_TRACKING_ID=abc\0B=2\0")]
    [InlineData("A=1\0B=2\0SLUICE_TRACKING_ID=abc")]
    [InlineData("X=SLUICE_TRACKING_ID=abc\0SLUICE_TRACKING_ID=abc\0")]
    public void An_environment_with_the_entry_is_recognised(string environ)
    {
        Assert.True(OrphanReaper.HasEntry(Encoding.UTF8.GetBytes(environ), Encoding.UTF8.GetBytes(Entry)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SLUICE_TRACKING_ID=abcd\0")]
    [InlineData("SLUICE_TRACKING_ID=ab\0")]
    [InlineData("X=SLUICE_TRACKING_ID=abc\0")]
    [InlineData("A=1\0XSLUICE_TRACKING_ID=abc")]
    public void An_environment_where_the_id_is_only_part_of_an_entry_is_not(string environ)
    {
        Assert.False(OrphanReaper.HasEntry(Encoding.UTF8.GetBytes(environ), Encoding.UTF8.GetBytes(Entry)));
    }
}
