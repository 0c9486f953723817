using System.Text;

namespace Sluice.Cli;

/// <summary>The three standard streams a command talks to, so the edge decides where they go.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<TextReader> OpenInput)
{
    public static CliConsole FromSystemConsole()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false };
        var error = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return new CliConsole(output, error, () => new StreamReader(Console.OpenStandardInput(), utf8));
    }
}
