using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Workflows;

namespace Sluice.Cli.Validation;

/// <summary>Prints the results of validating workflow files, as compiler-style lines or as JSON.</summary>
internal static class ValidationReport
{
    public static void WriteText(TextWriter output, IReadOnlyList<WorkflowReadResult> results)
    {
        foreach (var result in results)
        {
            foreach (var error in result.Errors)
            {
                output.WriteLine(error.ToString());
            }

            foreach (var warning in result.Warnings)
            {
                output.WriteLine(warning.Format("warning"));
            }
        }

        var invalid = results.Count(result => !result.IsValid);
        var errors = results.Sum(result => result.Errors.Count);
        output.WriteLine($"{Count(results.Count, "file")} checked, {invalid} invalid, {Count(errors, "error")}");
    }

    /// <summary>
    /// The shape is <c>[{"file", "valid", "errors": [{"line", "column", "message"}], "warnings": [...]}]</c>; line
    /// and column are null when a problem has no place.
    /// </summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<WorkflowReadResult> results) =>
        JsonOutput.Write(output, indented: true, writer =>
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                WriteResult(writer, result);
            }

            writer.WriteEndArray();
        });

    private static void WriteResult(Utf8JsonWriter writer, WorkflowReadResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("file", result.File);
        writer.WriteBoolean("valid", result.IsValid);
        WriteDiagnostics(writer, "errors", result.Errors);
        WriteDiagnostics(writer, "warnings", result.Warnings);
        writer.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter writer, string name, IReadOnlyList<WorkflowDiagnostic> diagnostics)
    {
        writer.WriteStartArray(name);
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteNullableNumber("line", diagnostic.Line);
            writer.WriteNullableNumber("column", diagnostic.Column);
            writer.WriteString("message", diagnostic.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
