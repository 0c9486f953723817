using Microsoft.AspNetCore.Http.HttpResults;

namespace Shop.Api.Catalog;

/// <summary>GET /products and GET /products/{id}.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/products");
        group.MapGet("/", ListProducts);
        group.MapGet("/{id}", GetProduct);
        return routes;
    }

    public static Ok<IReadOnlyList<Product>> ListProducts(ProductCatalog catalog) => TypedResults.Ok(catalog.All);

    public static Results<Ok<Product>, ProblemHttpResult> GetProduct(string id, ProductCatalog catalog) =>
        catalog.Find(id) is { } product
            ? TypedResults.Ok(product)
            : TypedResults.Problem($"There is no product '{id}'. GET /products lists them.", statusCode: StatusCodes.Status404NotFound, title: "Unknown product");
}
