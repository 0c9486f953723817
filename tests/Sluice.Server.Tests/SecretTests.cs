using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>A repository secret reaches its job, and is found nowhere the server keeps things: not in the stored log in any encoding, not in its database, not in its key file.</summary>
[Collection(FleetCollection.Name)]
public sealed class SecretTests : IDisposable
{
    private const string Secret = "Pa55 w0rd/with+symbols&\"quotes\"=XyZ-7f3c";

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_secret_is_masked_in_every_encoding_and_stored_only_sealed()
    {
        // The workflow checks the value by its hash: the secret itself must not be in the workflow, which the server stores.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));
        var repository = _fleet.Repository("vault", (".github/workflows/ci.yml", """
            on: push
            jobs:
              leak:
                runs-on: ubuntu-latest
                env:
                  S: ${{ secrets.API_KEY }}
                steps:
                  - run: |
                      echo "plain $S"
                      echo "base64 $(printf '%s' "$S" | base64 -w0)"
                      echo "base64 inside $(printf 'user:%s' "$S" | base64 -w0)"
                      url=""
                      for ((i = 0; i < ${#S}; i++)); do
                        c="${S:i:1}"
                        case "$c" in [a-zA-Z0-9.~_-]) url+="$c" ;; *) url+=$(printf '%%%02X' "'$c") ;; esac
                      done
                      echo "url $url"
                      echo "json $(printf '%s' "$S" | sed 's/\\/\\\\/g; s/"/\\"/g')"
                      echo "stderr $S" >&2
                      echo "::warning::annotation $S"
                      test "$(printf '%s' "$S" | sha256sum | cut -d' ' -f1)" = "HASH" && echo "the job got the secret"
            """.Replace("HASH", hash, StringComparison.Ordinal)));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("vault", repository);
        var set = await _fleet.CliWithInputAsync(Secret + "\n", "secret", "set", "API_KEY", "--repo", "vault");
        Assert.True(set.ExitCode == 0, set.ToString());

        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("vault")).Id);

        Assert.Equal("success", run.Conclusion);
        var text = await _fleet.CliAsync("logs", run.Id.ToString(CultureInfo.InvariantCulture));
        var json = await _fleet.CliAsync("logs", run.Id.ToString(CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(text.ExitCode == 0 && json.ExitCode == 0, text + "\n" + json);
        Assert.Contains("[leak] the job got the secret", text.Stdout, StringComparison.Ordinal);
        foreach (var masked in new[] { "plain ***", "base64 ***", "url ***", "json ***", "stderr ***", "warning: annotation ***" })
        {
            Assert.Contains("[leak] " + masked + "\n", text.Stdout, StringComparison.Ordinal);
        }

        var inside = text.StdoutLines.Single(l => l.StartsWith("[leak] base64 inside ", StringComparison.Ordinal));
        Assert.Contains("***", inside, StringComparison.Ordinal);
        foreach (var form in Forms())
        {
            Assert.DoesNotContain(form, text.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(form, JsonSerializer.Deserialize(json.Stdout, ProtocolJson.Default.LogPage)!.Lines.Select(l => l.Text));
            Assert.DoesNotContain(form, json.Stdout, StringComparison.Ordinal);
        }

        await _fleet.KillServerAsync();
        var plain = Encoding.UTF8.GetBytes(Secret);
        foreach (var file in Directory.EnumerateFiles(_fleet.Root.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/work/", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(bytes.AsSpan().IndexOf(plain) >= 0, $"{file} holds the secret in plain text");
        }

        Assert.True(File.Exists(Path.Combine(_fleet.DataDirectory, "secrets.key")));
        Assert.True(File.Exists(Path.Combine(_fleet.DataDirectory, "sluice.db")));
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>The secret as a step could print it: as written, in base64, URL-encoded, JSON-escaped.</summary>
    private static IEnumerable<string> Forms() =>
    [
        Secret,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)),
        Uri.EscapeDataString(Secret),
        JsonEncodedText.Encode(Secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        JsonEncodedText.Encode(Secret).ToString(),
        "w0rd/with+symbols",
    ];
}
