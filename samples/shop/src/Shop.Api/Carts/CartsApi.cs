using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Api.Catalog;

namespace Shop.Api.Carts;

/// <summary>POST /carts, POST /carts/{id}/items and GET /carts/{id}.</summary>
public static class CartsApi
{
    public static IEndpointRouteBuilder MapCartsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/carts");
        group.MapPost("/", CreateCart);
        group.MapGet("/{id:guid}", GetCart);
        group.MapPost("/{id:guid}/items", AddItem);
        return routes;
    }

    public static Created<CartView> CreateCart(CartStore carts)
    {
        var cart = carts.Create();
        return TypedResults.Created($"/carts/{cart.Id}", cart.View());
    }

    public static Results<Ok<CartView>, ProblemHttpResult> GetCart(Guid id, CartStore carts) =>
        carts.Find(id) is { } cart ? TypedResults.Ok(cart.View()) : CartProblems.NotFound(id);

    public static Results<Ok<CartView>, ProblemHttpResult, ValidationProblem> AddItem(Guid id, AddItemRequest item, CartStore carts, ProductCatalog catalog)
    {
        if (carts.Find(id) is not { } cart)
        {
            return CartProblems.NotFound(id);
        }

        if (string.IsNullOrWhiteSpace(item.ProductId) || catalog.Find(item.ProductId) is not { } product)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["productId"] = [$"There is no product '{item.ProductId}'. GET /products lists them."],
            });
        }

        return cart.Add(product, item.Quantity) switch
        {
            CartChange.Done => TypedResults.Ok(cart.View()),
            CartChange.AlreadyCheckedOut => CartProblems.CheckedOut(id),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["quantity"] = [$"The quantity must be at least 1, and at most {Cart.MaxQuantityPerProduct} of one product in a cart."],
            }),
        };
    }
}
