namespace Sluice.Testing.Git;

/// <summary>
/// A repository made by a test: a working copy where commits, tags and branches are made, published (pushed as a
/// mirror) into <c>ROOT/owner/repo.git</c>, the folder the loopback host and file:// hosts serve.
/// </summary>
public sealed class TestRepository
{
    public TestRepository(string servedRoot, string workRoot, string owner, string name)
    {
        Owner = owner;
        Name = name;
        Work = Path.Combine(workRoot, owner, name);
        Bare = Path.Combine(servedRoot, owner, name + ".git");
        Directory.CreateDirectory(Work);
        GitCli.Run(Work, "init", "--quiet", "--initial-branch=main");
    }

    public string Owner { get; }

    public string Name { get; }

    public string Work { get; }

    public string Bare { get; }

    public string Head => GitCli.Run(Work, "rev-parse", "HEAD");

    /// <summary>Writes the files (path, content) and commits everything; returns the commit.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        GitCli.Run(Work, "add", "--all");
        GitCli.Run(Work, "commit", "--quiet", "--allow-empty", "-m", message);
        return Head;
    }

    /// <summary>Adds a symbolic link and commits it; returns the commit.</summary>
    public string CommitLink(string path, string target)
    {
        var full = Path.Combine(Work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        GitCli.Run(Work, "add", "--all");
        GitCli.Run(Work, "commit", "--quiet", "-m", $"link {path}");
        return Head;
    }

    public void Tag(string name, string? at = null, bool annotated = false)
    {
        var arguments = new List<string> { "tag", "--force" };
        if (annotated)
        {
            arguments.AddRange(["--annotate", "--message", name]);
        }

        arguments.Add(name);
        arguments.Add(at ?? "HEAD");
        GitCli.Run(Work, [.. arguments]);
    }

    public void Branch(string name, string? at = null) => GitCli.Run(Work, "branch", "--force", name, at ?? "HEAD");

    /// <summary>Makes the served copy exactly the working copy's refs (moved tags included).</summary>
    public TestRepository Publish()
    {
        if (!Directory.Exists(Bare))
        {
            Directory.CreateDirectory(Bare);
            GitCli.Run(Bare, "init", "--quiet", "--bare");
        }

        GitCli.Run(Work, "push", "--quiet", "--mirror", "--force", Bare);
        return this;
    }
}
