using Shop.Api.Carts;
using Shop.Api.Catalog;
using Shop.Api.Checkout;
using Shop.Api.Observability;

namespace Shop.Api;

/// <summary>Builds the shop service; the tests start the same application on a free loopback port.</summary>
public static class ShopApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(ProductCatalog.Sample());
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton(ShopPricing.Create());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestMetrics>();
        builder.Services.AddSingleton(FaultRate.From(builder.Configuration));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestMetrics();
        app.MapHealthChecks("/health");
        app.MapObservabilityApi();
        app.MapCatalogApi();
        app.MapCartsApi();
        app.MapCheckoutApi();
        return app;
    }
}
