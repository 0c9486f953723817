using System.Diagnostics.CodeAnalysis;

namespace Shop.Pricing;

/// <summary>A priced order, or the reason it could not be priced: bad input is a value, not an exception.</summary>
public sealed class PricingResult
{
    private PricingResult(PricedOrder? order, PricingError? error, string? message)
    {
        Order = order;
        Error = error;
        Message = message;
    }

    public PricedOrder? Order { get; }

    public PricingError? Error { get; }

    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(Order))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Message))]
    public bool Succeeded => Order is not null;

    public static PricingResult Success(PricedOrder order) => new(order, null, null);

    public static PricingResult Failure(PricingError error, string message) => new(null, error, message);
}
