using Npgsql;

namespace Sluice.Server.Storage.Postgres;

/// <summary>
/// Where a PostgreSQL database is, from what a user gives: a URL (<c>postgres://user:password@host:port/database?sslmode=require</c>,
/// as libpq and most hosting services write it) or an Npgsql connection string (<c>Host=...;Username=...</c>).
/// </summary>
public static class PostgresDatabase
{
    /// <summary>The Npgsql connection string for <paramref name="text"/>; a <see cref="StoreException"/> that says what is wrong (never the password) when it is not one.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = text.Contains("://", StringComparison.Ordinal) ? FromUrl(text) : FromConnectionString(text);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StoreException("the PostgreSQL database names no host; give postgres://user:password@host:port/database or Host=...;Database=...");
        }

        return builder;
    }

    /// <summary>Host, port and database, to name the database in messages without its password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"'{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}'";
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            throw new StoreException($"the PostgreSQL connection string is not valid ({exception.Message}); give postgres://user:password@host:port/database or Host=...;Database=...");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("postgres" or "postgresql"))
        {
            throw new StoreException("the PostgreSQL URL is not valid; write it as postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.IdnHost };
        if (!url.IsDefaultPort && url.Port > 0)
        {
            builder.Port = url.Port;
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            Apply(builder, name, value);
        }

        return builder;
    }

    /// <summary>The URL parameters of libpq that have a meaning here; any other is refused rather than ignored.</summary>
    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        try
        {
            switch (name)
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "options" when value.StartsWith("-csearch_path=", StringComparison.Ordinal):
                    builder.SearchPath = value["-csearch_path=".Length..];
                    break;
                case "search_path":
                    builder.SearchPath = value;
                    break;
                default:
                    throw new StoreException($"the PostgreSQL URL has the parameter '{name}', which sluice does not know; it takes sslmode, application_name, connect_timeout and search_path");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            throw new StoreException($"the PostgreSQL URL's parameter '{name}' has a value sluice cannot use ('{value}')");
        }
    }
}
