using Microsoft.AspNetCore.Http;

namespace Sluice.Dashboard;

/// <summary>What <see cref="DashboardEndpoints.Map"/> made that the server's own routes use.</summary>
public sealed class DashboardPages(DashboardAsset shell)
{
    /// <summary>The page shell with a 404: its script says there is no such page.</summary>
    public Task NotFoundPageAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Request.Headers.IfNoneMatch = default;
        return DashboardEndpoints.SendAsync(context, shell, immutable: false);
    }
}
