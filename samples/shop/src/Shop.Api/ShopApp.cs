using Shop.Api.Carts;
using Shop.Api.Catalog;
using Shop.Api.Checkout;

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

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health");
        app.MapCatalogApi();
        app.MapCartsApi();
        app.MapCheckoutApi();
        return app;
    }
}
