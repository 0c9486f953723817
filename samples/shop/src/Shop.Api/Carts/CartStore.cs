using System.Collections.Concurrent;

namespace Shop.Api.Carts;

/// <summary>The open carts, in memory: the demo keeps no database.</summary>
public sealed class CartStore
{
    private readonly ConcurrentDictionary<Guid, Cart> _carts = new();

    public Cart Create()
    {
        var cart = new Cart(Guid.NewGuid());
        _carts[cart.Id] = cart;
        return cart;
    }

    public Cart? Find(Guid id) => _carts.GetValueOrDefault(id);
}
