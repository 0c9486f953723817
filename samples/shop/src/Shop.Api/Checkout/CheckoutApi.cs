using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Api.Carts;
using Shop.Pricing;

namespace Shop.Api.Checkout;

/// <summary>POST /carts/{id}/checkout: prices the cart and closes it.</summary>
public static class CheckoutApi
{
    public static IEndpointRouteBuilder MapCheckoutApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/carts/{id:guid}/checkout", CheckOut);
        return routes;
    }

    public static Results<Ok<PricedOrder>, ProblemHttpResult, ValidationProblem> CheckOut(Guid id, CheckoutRequest request, CartStore carts, OrderPricer pricer)
    {
        if (carts.Find(id) is not { } cart)
        {
            return CartProblems.NotFound(id);
        }

        if (string.IsNullOrWhiteSpace(request.Region))
        {
            return Invalid("region", "Give the region whose tax applies, e.g. \"DE\" or \"US-CA\".");
        }

        var (change, result) = cart.CheckOut(pricer, request.Region.Trim(), request.Coupon);
        return (change, result) switch
        {
            (CartChange.AlreadyCheckedOut, _) => CartProblems.CheckedOut(id),
            (CartChange.Empty, _) => Invalid("cart", "The cart is empty. Add items with POST /carts/{id}/items first."),
            (_, { Succeeded: true } priced) => TypedResults.Ok(priced.Order),
            (_, { Error: PricingError.UnknownCoupon } failed) => Invalid("coupon", failed.Message!),
            (_, var failed) => Invalid("region", failed?.Message ?? "The order could not be priced."),
        };
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
