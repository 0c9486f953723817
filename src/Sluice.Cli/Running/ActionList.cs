using Sluice.Cli.Output;
using Sluice.Engine.Execution;
using Sluice.Engine.Steps;

namespace Sluice.Cli.Running;

/// <summary>What <c>sluice actions pull --list</c> prints: each <c>uses:</c> once, where it would come from, and where it is written.</summary>
internal static class ActionList
{
    public static void Write(TextWriter output, IReadOnlyList<ActionUse> uses, bool json, SecretMasker masker)
    {
        var unique = uses.GroupBy(u => u.Uses, StringComparer.Ordinal).Select(g => (First: g.First(), Places: g.Select(u => u.Place).Distinct(StringComparer.Ordinal).ToList())).ToList();
        if (json)
        {
            JsonOutput.Write(output, indented: true, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("uses");
                foreach (var (use, places) in unique)
                {
                    writer.WriteStartObject();
                    writer.WriteString("uses", use.Uses);
                    writer.WriteString("kind", use.IsWorkflow ? "workflow" : "action");
                    writer.WriteString("source", SourceName(use.Source));
                    if (use.Commit is { } commit)
                    {
                        writer.WriteString("commit", commit);
                    }

                    writer.WriteString("detail", masker.Mask(use.Detail));
                    writer.WriteStartArray("places");
                    foreach (var place in places)
                    {
                        writer.WriteStringValue(place);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return;
        }

        if (unique.Count == 0)
        {
            output.WriteLine("no actions or reusable workflows are used");
            return;
        }

        var width = Math.Min(60, unique.Max(u => u.First.Uses.Length));
        foreach (var (use, places) in unique)
        {
            var where = places.Count == 1 ? places[0] : $"{places[0]} and {places.Count - 1} more";
            output.WriteLine(masker.Mask($"{use.Uses.PadRight(width)}  {From(use)}"));
            output.WriteLine(masker.Mask($"{new string(' ', width)}  used at {where}"));
        }
    }

    /// <summary>Where a use would come from, as a person reads it.</summary>
    private static string From(ActionUse use)
    {
        var what = use.IsWorkflow ? "reusable workflow, " : "";
        return what + use.Source switch
        {
            ActionUseSource.BuiltIn => "built in",
            ActionUseSource.Local => "local: read from the workspace when the step runs",
            ActionUseSource.ContainerImage => "container image, pulled by the engine when missing",
            ActionUseSource.ActionFolder => $"action folder {use.Detail} (--action-cache)",
            ActionUseSource.Cache => $"action cache, commit {use.Commit}",
            ActionUseSource.Downloaded => $"downloaded, commit {use.Commit}",
            ActionUseSource.ToFetch => $"to be fetched from {use.Detail}",
            ActionUseSource.Refused => $"refused: {use.Detail}",
            _ => $"cannot be used: {use.Detail}",
        };
    }

    private static string SourceName(ActionUseSource source) => source switch
    {
        ActionUseSource.BuiltIn => "built-in",
        ActionUseSource.Local => "local",
        ActionUseSource.ContainerImage => "container-image",
        ActionUseSource.ActionFolder => "action-folder",
        ActionUseSource.Cache => "cache",
        ActionUseSource.Downloaded => "downloaded",
        ActionUseSource.ToFetch => "to-fetch",
        ActionUseSource.Refused => "refused",
        _ => "failed",
    };
}
