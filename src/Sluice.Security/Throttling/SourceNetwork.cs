using System.Net;
using System.Net.Sockets;

namespace Sluice.Security.Throttling;

/// <summary>
/// The network a request comes from, as far as throttling cares: an IPv4 address, or the /64 an IPv6 address is in,
/// because one IPv6 host is usually given a whole /64 and could otherwise change address on every attempt.
/// </summary>
internal static class SourceNetwork
{
    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
