using System.Collections.Immutable;

namespace Sluice.Engine.Steps;

/// <summary>
/// Replaces secrets in text with <c>***</c>: each secret as written, its base64 forms (all three byte
/// alignments, so it is caught inside a longer base64 string), its URL-encoded form and its JSON-escaped forms.
/// Every occurrence of every value is found in the original text and overlapping matches merge into one
/// <c>***</c>, so no masked value survives however values overlap. Thread-safe: adding takes a lock, masking
/// reads an immutable snapshot.
/// </summary>
/// <remarks>
/// Like GitHub, any non-empty secret is masked as written, even one character. Derived forms of a one-character
/// secret are not registered (GitHub made the same choice after its base64 forms masked every 'Y' of a log),
/// and neither are derived forms shorter than <see cref="SecretForms.MinimumDerivedLength"/> characters.
/// A multi-line secret is also masked line by line, skipping lines shorter than two characters, so that a
/// JSON secret does not register "{" and mask every brace in the log.
/// </remarks>
public sealed class SecretMasker
{
    private const string Replacement = "***";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _secrets = [];
    private ImmutableArray<string> _values = [];

    /// <summary>How many secrets were added (distinct, non-empty), not counting their derived forms.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _secrets.Count;
            }
        }
    }

    public void Add(string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Add(secret))
            {
                return;
            }

            var values = new HashSet<string>(_values, StringComparer.Ordinal);
            values.UnionWith(SecretForms.Of(secret));
            _values = [.. values.OrderByDescending(value => value.Length).ThenBy(value => value, StringComparer.Ordinal)];
        }
    }

    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = _values;
        if (text.Length == 0 || values.IsEmpty)
        {
            return text;
        }

        var covered = MaskedRanges.Find(text, values);
        return covered.Count == 0 ? text : MaskedRanges.Replace(text, covered, Replacement);
    }
}
