namespace Shop.Api.Carts;

/// <summary>What became of a request to change a cart.</summary>
public enum CartChange
{
    Done,
    QuantityOutOfRange,
    Empty,
    AlreadyCheckedOut,
}
