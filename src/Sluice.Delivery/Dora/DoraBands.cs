namespace Sluice.Delivery.Dora;

/// <summary>
/// DORA's performance bands, from the software delivery performance clusters of the Accelerate State of DevOps Report
/// 2023 (docs/dora.md cites the table and says how its ranges became these thresholds).
/// </summary>
public static class DoraBands
{
    public const string Elite = "elite";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    private const double Hour = 3600;
    private const double Day = 24 * Hour;

    /// <summary>Elite: on demand, once a day or more; high: down to once a week; medium: down to once a month (30 days).</summary>
    public static string DeploymentFrequency(double perDay) => perDay switch
    {
        >= 1 => Elite,
        >= 1.0 / 7 => High,
        >= 1.0 / 30 => Medium,
        _ => Low,
    };

    /// <summary>Elite: less than a day; high: up to a week; medium: up to a month (30 days).</summary>
    public static string LeadTime(double seconds) => seconds switch
    {
        < Day => Elite,
        <= 7 * Day => High,
        <= 30 * Day => Medium,
        _ => Low,
    };

    /// <summary>The clusters' rates: elite 5%, high 10%, medium 15% (low 64%); a rate up to a cluster's is in its band.</summary>
    public static string ChangeFailureRate(double share) => share switch
    {
        <= 0.05 => Elite,
        <= 0.10 => High,
        <= 0.15 => Medium,
        _ => Low,
    };

    /// <summary>Elite: less than an hour; high: less than a day; medium: up to a week.</summary>
    public static string TimeToRestore(double seconds) => seconds switch
    {
        < Hour => Elite,
        < Day => High,
        <= 7 * Day => Medium,
        _ => Low,
    };
}
