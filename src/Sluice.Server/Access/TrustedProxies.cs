using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Sluice.Server.Access;

/// <summary>
/// <c>--trusted-proxy CIDR</c>: the reverse proxies whose <c>X-Forwarded-For</c> is believed. A request that comes
/// from one of them is taken to come from the right-most address of the header that is not itself a trusted proxy
/// (the throttling of failed authentication and the audit log then see the real client); from anywhere else the
/// header is ignored, since anyone can send it. Their <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are believed
/// too: the scheme and host the browser used decide whether the web session's cookies are Secure and what the
/// request's own origin is (<see cref="SessionCookies"/>, <see cref="CrossSiteCheck"/>).
/// </summary>
public static class TrustedProxies
{
    /// <summary>The networks in <paramref name="texts"/> (a single address is a network of one).</summary>
    /// <exception cref="FormatException">A value is neither an address nor a CIDR block.</exception>
    public static IReadOnlyList<IPNetwork> Parse(IEnumerable<string> texts) => [.. texts.Select(ParseOne)];

    private static IPNetwork ParseOne(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || !addressText.Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal))
        {
            throw Invalid(text, "expected an IP address or a CIDR block such as 10.0.0.0/8, 192.0.2.7 or fd00::/8");
        }

        var bits = address.GetAddressBytes().Length * 8;
        if (slash < 0)
        {
            return new IPNetwork(address, bits);
        }

        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            throw Invalid(text, $"expected an IP address or a CIDR block such as 10.0.0.0/8, 192.0.2.7 or fd00::/8 (a prefix of 0 to {bits} bits)");
        }

        var network = IPNetwork.Parse($"{Masked(address, prefix)}/{prefix}");
        return network.BaseAddress.Equals(address)
            ? network
            : throw Invalid(text, $"expected an IP address or a CIDR block; it has bits set after its {prefix}-bit prefix: did you mean {network}?");
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static FormatException Invalid(string text, string expected) => new($"--trusted-proxy '{Sluice.Security.Printable.Of(text)}': {expected}");

    /// <summary>Reads <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from the proxies only; without any, the middleware is not used at all.</summary>
    public static void Use(WebApplication app, IReadOnlyList<IPNetwork> proxies)
    {
        if (proxies.Count == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost, ForwardLimit = null };

        // The defaults trust loopback; only what the operator named is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownIPNetworks.Add(proxy);
        }

        app.UseForwardedHeaders(options);
    }
}
