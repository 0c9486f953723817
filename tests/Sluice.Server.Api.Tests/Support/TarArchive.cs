using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Server.Api.Tests.Support;

/// <summary>Artifacts as they travel: tar archives of text files, made and read with System.Formats.Tar.</summary>
public static class TarArchive
{
    /// <summary>A PAX archive of the files (path, text), as a request body of type <c>application/x-tar</c>.</summary>
    public static ByteArrayContent Of(params (string Path, string Text)[] files)
    {
        using var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                using var data = new MemoryStream(Encoding.UTF8.GetBytes(text));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = data });
            }
        }

        var content = new ByteArrayContent(archive.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    /// <summary>The regular files of an archive: path to text.</summary>
    public static IReadOnlyDictionary<string, string> Files(byte[] archive)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                using var text = new StreamReader(entry.DataStream!, Encoding.UTF8);
                files[entry.Name] = text.ReadToEnd();
            }
        }

        return files;
    }
}
