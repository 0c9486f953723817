namespace Shop.Api.Checkout;

/// <summary>The body of POST /carts/{id}/checkout: the region whose tax applies and an optional coupon code.</summary>
public sealed record CheckoutRequest(string? Region, string? Coupon);
