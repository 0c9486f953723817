using Shop.Api.Catalog;
using Shop.Pricing;

namespace Shop.Api.Carts;

/// <summary>A customer's cart. Requests for one cart may race, so every change happens under its lock.</summary>
public sealed class Cart(Guid id)
{
    /// <summary>More of one product than this is a typo, not an order.</summary>
    public const int MaxQuantityPerProduct = 1000;

    private readonly Lock _gate = new();
    private readonly List<CartLine> _lines = [];
    private bool _checkedOut;

    public Guid Id { get; } = id;

    public CartChange Add(Product product, int quantity)
    {
        lock (_gate)
        {
            if (_checkedOut)
            {
                return CartChange.AlreadyCheckedOut;
            }

            var index = _lines.FindIndex(l => l.ProductId == product.Id);
            var current = index < 0 ? 0 : _lines[index].Quantity;
            if (quantity <= 0 || current + quantity > MaxQuantityPerProduct)
            {
                return CartChange.QuantityOutOfRange;
            }

            var line = new CartLine(product.Id, product.Name, index < 0 ? product.Price : _lines[index].UnitPrice, current + quantity);
            if (index < 0)
            {
                _lines.Add(line);
            }
            else
            {
                _lines[index] = line;
            }

            return CartChange.Done;
        }
    }

    /// <summary>Prices the cart and, when that succeeds, closes it so that it is not ordered twice.</summary>
    public (CartChange Change, PricingResult? Result) CheckOut(OrderPricer pricer, string region, string? coupon)
    {
        lock (_gate)
        {
            if (_checkedOut)
            {
                return (CartChange.AlreadyCheckedOut, null);
            }

            if (_lines.Count == 0)
            {
                return (CartChange.Empty, null);
            }

            var lines = _lines.Select(l => new OrderLine(l.ProductId, l.UnitPrice, l.Quantity)).ToList();
            var result = pricer.Price(new PricingRequest(lines, region, coupon));
            _checkedOut = result.Succeeded;
            return (CartChange.Done, result);
        }
    }

    public CartView View()
    {
        lock (_gate)
        {
            return new CartView(Id, [.. _lines], _lines.Sum(l => l.LineTotal), _checkedOut);
        }
    }
}
