namespace Sluice.Expressions;

/// <summary>Per-evaluation state: the caller's context and the memory spent on built strings.</summary>
internal sealed class EvaluationState(EvaluationContext context)
{
    internal const string MemoryExceededMessage = "The maximum allowed memory size was exceeded";

    // Roughly what a .NET string costs besides its chars; GitHub counts the same kind of overhead.
    private const long StringOverheadBytes = 26;

    private long _memoryBytes;

    public EvaluationContext Context { get; } = context;

    /// <summary>Largest number of chars a single built string may still take.</summary>
    public int MaxStringLength
    {
        get
        {
            var remaining = (Context.MaxMemoryBytes - _memoryBytes - StringOverheadBytes) / 2;
            return (int)Math.Max(0, Math.Min(Context.MaxResultLength, remaining));
        }
    }

    public void CheckLength(long length)
    {
        if (length > MaxStringLength)
        {
            throw ExpressionException.Evaluation(MemoryExceededMessage);
        }
    }

    /// <summary>Charges a built string against the evaluation's memory cap and returns it as a value.</summary>
    public ExpressionValue Charge(string value)
    {
        CheckLength(value.Length);
        _memoryBytes += StringOverheadBytes + (2L * value.Length);
        return ExpressionValue.FromString(value);
    }
}
