using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Sluice.Server.Api;

/// <summary>
/// A step summary's Markdown as the dashboard shows it. A workflow writes the summary, so nothing in it may become
/// markup of the page: raw HTML is shown as text (GitHub lets some through; the safe answer is none), and a link or an
/// image keeps its address only when it is http(s), a path of this site or an anchor (never <c>javascript:</c>,
/// <c>data:</c> or another scheme).
/// </summary>
public static class SummaryMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmojiAndSmiley()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): judge the address as they read it.
        var cleaned = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        if (cleaned.StartsWith('#') || (cleaned.StartsWith('/') && !cleaned.StartsWith("//", StringComparison.Ordinal) && !cleaned.StartsWith("/\\", StringComparison.Ordinal)))
        {
            return true;
        }

        return Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }
}
