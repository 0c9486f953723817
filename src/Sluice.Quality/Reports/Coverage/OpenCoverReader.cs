using System.Xml;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Reads OpenCover XML (OpenCover itself and coverlet). Each module lists its files (uid to fullPath), then its
/// sequence and branch points, which name a file by uid (or, in older reports, through the method's FileRef).
/// A line with several sequence points is hit as often as its busiest one; its branches are the branch points
/// on it, covered when visited. Files are merged across modules and reach the sink once, at the document's end.
/// </summary>
public sealed class OpenCoverReader : IReportReader
{
    public ReportFormat Format => ReportFormat.OpenCover;

    public bool CanRead(string head) => head.Contains("<CoverageSession", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader => ReadDocument(reader, fileName, sink, cancellationToken));

    private static void ReadDocument(XmlReader reader, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        if (reader.LocalName != "CoverageSession")
        {
            throw XmlReports.Error(reader, fileName, $"not an OpenCover report: the root element is <{reader.LocalName}>, expected <CoverageSession>");
        }

        var points = new OpenCoverPoints();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string? methodFile = null;
        var nodes = 0;
        while (!reader.EOF)
        {
            if ((++nodes & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "Module":
                        // File uids are numbered per module in coverlet's output.
                        paths.Clear();
                        break;
                    case "File":
                        paths[XmlAttributes.Required(reader, fileName, "uid")] = XmlAttributes.Required(reader, fileName, "fullPath");
                        break;
                    case "Method":
                        methodFile = null;
                        break;
                    case "FileRef":
                        methodFile = reader.GetAttribute("uid");
                        break;
                    case "SequencePoint":
                        if (Locate(reader, fileName, paths, methodFile) is { } sequenceFile)
                        {
                            points.Sequence(sequenceFile, XmlAttributes.Int(reader, fileName, "sl"), XmlAttributes.Count(reader, fileName, "vc"));
                        }

                        break;
                    case "BranchPoint":
                        if (Locate(reader, fileName, paths, methodFile) is { } branchFile)
                        {
                            points.Branch(branchFile, XmlAttributes.Int(reader, fileName, "sl"), XmlAttributes.Count(reader, fileName, "vc") > 0);
                        }

                        break;
                }
            }

            reader.Read();
        }

        points.Flush(sink);
    }

    // A point with no file (OpenCover writes some for compiler-generated code) has nowhere to go and is dropped;
    // a point naming a file the module never listed means the report is broken.
    private static string? Locate(XmlReader reader, string fileName, Dictionary<string, string> paths, string? methodFile)
    {
        var uid = reader.GetAttribute("fileid") ?? methodFile;
        if (uid is null or "0")
        {
            return null;
        }

        return paths.TryGetValue(uid, out var path)
            ? path
            : throw XmlReports.Error(reader, fileName, $"<{reader.LocalName}> names file uid {XmlAttributes.Shorten(uid)}, which its module does not list");
    }
}
