namespace Sluice.Containers;

/// <summary>A <c>container.options</c> string Sluice cannot use; the message names the option and what is supported.</summary>
public sealed class ContainerOptionsException : FormatException
{
    /// <summary>An error about <paramref name="option"/> (null when it is about the string as a whole, e.g. a quote).</summary>
    public ContainerOptionsException(string message, string? option)
        : base(message)
    {
        Option = option;
    }

    /// <summary>The option as written ("--rm", "-e"), or null when the string itself could not be split.</summary>
    public string? Option { get; }
}
