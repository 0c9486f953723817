using System.Data.Common;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Postgres;

public sealed partial class PostgresServerStore
{
    /// <summary>How many queued jobs one look at the queue reads; the next page is read only when none of these will do.</summary>
    private const int QueuePage = 100;

    /// <summary>
    /// Reads the queue a page at a time, oldest first, without locking it; the oldest of the page's jobs the agent can run
    /// is then locked with <c>FOR UPDATE SKIP LOCKED</c> and read again, in one statement: one another claim holds is
    /// passed over, one another claim took meanwhile is no longer queued, so each job goes to one agent and claims do
    /// not wait on one another.
    /// </summary>
    private protected override async Task<JobRow?> TakeQueuedJobAsync(DbConnection connection, DbTransaction transaction, Func<JobRow, bool> canRun, CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await SqlText.ListAsync(
                connection,
                transaction,
                // Read in the queue index's order, never sorted: right after a burst of queued jobs (before autovacuum
                // has analyzed them) the planner can think the queue tiny and fetch and sort all of it for one page.
                $"SET LOCAL enable_sort = off; SELECT {JobColumns} {JobFrom} WHERE j.status = 'queued' AND j.id > @after ORDER BY j.id LIMIT {QueuePage}",
                ReadJob,
                cancellationToken,
                ("@after", after)).ConfigureAwait(false);
            var candidates = page.Where(canRun).Select(job => job.Id).ToArray();
            if (candidates.Length > 0)
            {
                var locked = await SqlText.ListAsync(
                    connection,
                    transaction,
                    $"SELECT {JobColumns} {JobFrom} WHERE j.id = ANY(@ids) AND j.status = 'queued' ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED",
                    ReadJob,
                    cancellationToken,
                    ("@ids", candidates)).ConfigureAwait(false);
                if (locked.Count > 0)
                {
                    return locked[0];
                }
            }

            if (page.Count < QueuePage)
            {
                return null;
            }

            after = page[^1].Id;
        }
    }
}
