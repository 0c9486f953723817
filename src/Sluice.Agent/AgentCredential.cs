using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// The credential an agent received when it registered, kept in its work folder (mode 0600) so that a restart does not
/// register again. <see cref="Server"/> is the agent's server URL list then; the credential holds for a later list that
/// shares a URL with it (a replica added or the order changed: the same installation).
/// </summary>
public sealed record AgentCredential(string Server, long AgentId, string Name, string Credential)
{
    public static string PathIn(string workDirectory) => Path.Combine(workDirectory, "agent.json");

    public static AgentCredential? Load(string workDirectory, string server)
    {
        var path = PathIn(workDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var saved = JsonSerializer.Deserialize(File.ReadAllText(path), AgentJson.Default.AgentCredential);
        return saved is not null && SameInstallation(saved.Server, server) ? saved : null;
    }

    private static bool SameInstallation(string saved, string server)
    {
        try
        {
            return ServerUrls.Parse(saved).Overlaps(ServerUrls.Parse(server));
        }
        catch (ServerUrlsException)
        {
            return false;
        }
    }

    public void Save(string workDirectory)
    {
        var path = PathIn(workDirectory);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, this, AgentJson.Default.AgentCredential);
    }
}

[JsonSerializable(typeof(AgentCredential))]
internal sealed partial class AgentJson : JsonSerializerContext;
