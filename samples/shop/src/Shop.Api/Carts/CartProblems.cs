using Microsoft.AspNetCore.Http.HttpResults;

namespace Shop.Api.Carts;

/// <summary>The ProblemDetails the cart and checkout endpoints answer with.</summary>
public static class CartProblems
{
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no cart '{id}'. Create one with POST /carts.", statusCode: StatusCodes.Status404NotFound, title: "Unknown cart");

    public static ProblemHttpResult CheckedOut(Guid id) =>
        TypedResults.Problem($"Cart '{id}' has been checked out already. Create a new one with POST /carts.", statusCode: StatusCodes.Status409Conflict, title: "Cart checked out");
}
