using Npgsql;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>Reading where a PostgreSQL database is, from a URL or a connection string, hostile ones included.</summary>
public sealed class PostgresDatabaseTests
{
    [Fact]
    public void A_url_gives_its_user_password_host_port_database_and_ssl_mode()
    {
        var database = PostgresDatabase.Parse("postgresql://ci%40corp:p%3Ass%2Fw%40rd@db.example.test:6543/sluice%20prod?sslmode=verify-full&application_name=sluice-1");

        Assert.Equal(
            ("ci@corp", "p:ss/w@rd", "db.example.test", 6543, "sluice prod", SslMode.VerifyFull, "sluice-1"),
            (database.Username, database.Password, database.Host, database.Port, database.Database, database.SslMode, database.ApplicationName));
        Assert.Equal("'db.example.test:6543/sluice prod'", PostgresDatabase.Describe(database));
    }

    [Fact]
    public void A_url_without_port_or_database_uses_postgresqls_defaults()
    {
        var database = PostgresDatabase.Parse("postgres://sluice@127.0.0.1");

        Assert.Equal(("sluice", null, "127.0.0.1", 5432, null), (database.Username, database.Password, database.Host, database.Port, database.Database));
    }

    [Fact]
    public void A_connection_string_is_taken_as_npgsql_reads_it()
    {
        var database = PostgresDatabase.Parse("Host=10.0.0.5;Port=5433;Username=ci;Password=secret;Database=sluice;Search Path=replica_a");

        Assert.Equal(("10.0.0.5", 5433, "ci", "secret", "sluice", "replica_a"), (database.Host, database.Port, database.Username, database.Password, database.Database, database.SearchPath));
    }

    [Theory]
    [InlineData("mysql://root@localhost/sluice", "the PostgreSQL URL is not valid; write it as postgres://user:password@host:port/database")]
    [InlineData("postgres://", "the PostgreSQL database names no host; give postgres://user:password@host:port/database or Host=...;Database=...")]
    [InlineData("postgres://u:secret-word@db/sluice?target_session_attrs=any", "the PostgreSQL URL has the parameter 'target_session_attrs', which sluice does not know; it takes sslmode, application_name, connect_timeout and search_path")]
    [InlineData("postgres://u:secret-word@db/sluice?sslmode=sometimes", "the PostgreSQL URL's parameter 'sslmode' has a value sluice cannot use ('sometimes')")]
    [InlineData("Database=sluice;Username=ci", "the PostgreSQL database names no host; give postgres://user:password@host:port/database or Host=...;Database=...")]
    public void A_database_sluice_cannot_use_is_refused_with_what_to_write(string text, string message)
    {
        var refused = Assert.Throws<StoreException>(() => PostgresDatabase.Parse(text));

        Assert.Equal(message, refused.Message);
    }

    [Theory]
    [InlineData("Host=db;Password=secret-word;Colour=blue")]
    [InlineData("Host=db;Password=secret-word;Port=many")]
    [InlineData("just some words")]
    public void A_connection_string_npgsql_cannot_read_is_refused_without_showing_its_password(string text)
    {
        var refused = Assert.Throws<StoreException>(() => PostgresDatabase.Parse(text));

        Assert.StartsWith("the PostgreSQL connection string is not valid (", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", refused.Message, StringComparison.Ordinal);
    }
}
