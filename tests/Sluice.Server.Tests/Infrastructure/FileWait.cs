namespace Sluice.Server.Tests.Infrastructure;

/// <summary>Waits for a file that a step writes to say something, woken by the file system's change events.</summary>
public static class FileWait
{
    public static async Task<string> UntilAsync(string path, Func<string, bool> says, string what, TimeSpan within)
    {
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => changed.Release();
        watcher.Changed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            var text = File.Exists(path) ? await File.ReadAllTextAsync(path, deadline.Token) : "";
            if (says(text))
            {
                return text;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path}: no {what} within {within.TotalSeconds} s; it holds:\n{text}");
            }
        }
    }
}
