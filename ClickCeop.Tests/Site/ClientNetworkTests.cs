using System.Net;
using ClickCeop.Web.Site;

namespace ClickCeop.Tests.Site;

/// <summary>What the submit and sign-in limits count: one IPv4 address, or one IPv6 /64.</summary>
public sealed class ClientNetworkTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("fe80::1%2", "fe80::/64")]
    [InlineData("::1", "::/64")]
    public void Counts_an_ipv4_address_alone_and_an_ipv6_address_by_its_64(string address, string counted)
    {
        Assert.Equal(counted, ClientNetwork.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_request_without_an_address_is_counted_with_every_other_one() =>
        Assert.Equal("unknown", ClientNetwork.Of((IPAddress?)null));
}
