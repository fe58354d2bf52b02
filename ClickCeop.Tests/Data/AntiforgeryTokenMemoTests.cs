using System.Security.Cryptography;
using System.Text;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace ClickCeop.Tests.Data;

/// <summary>
/// The memo in front of a real Data Protection key ring (in a temporary folder). The key ring is wrapped only to
/// count how often the memo reached it.
/// </summary>
public sealed class AntiforgeryTokenMemoTests : IDisposable
{
    private static readonly byte[] Token = Encoding.UTF8.GetBytes("a form token's bytes");

    private readonly CountingKeyRing _keyRing = new(DataProtectionProvider.Create(new DirectoryInfo(TestFolders.NewTemporary("keys"))));
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
    private readonly AntiforgeryTokenMemo _memo;

    public AntiforgeryTokenMemoTests() => _memo = new AntiforgeryTokenMemo(_keyRing, entries: 100, time: _clock);

    private IDataProtector Antiforgery => _memo.CreateProtector(AntiforgeryTokenMemo.AntiforgeryPurpose);

    [Fact]
    public void The_same_token_is_protected_and_unprotected_by_the_key_ring_once()
    {
        var first = Antiforgery.Protect(Token);
        var second = Antiforgery.Protect(Token);

        Assert.Equal(first, second);
        Assert.Equal(Token, Antiforgery.Unprotect(first));
        Assert.Equal(Token, Antiforgery.Unprotect(second));
        Assert.Equal((1, 0), (_keyRing.Protects, _keyRing.Unprotects));
    }

    [Fact]
    public void A_token_protected_elsewhere_is_unprotected_by_the_key_ring_then_remembered()
    {
        // As after a restart: the cookie was protected by an earlier process with the same key ring.
        var fromBefore = _keyRing.CreateProtector(AntiforgeryTokenMemo.AntiforgeryPurpose).Protect(Token);

        Assert.Equal(Token, Antiforgery.Unprotect(fromBefore));
        Assert.Equal(Token, Antiforgery.Unprotect(fromBefore));
        Assert.Equal(1, _keyRing.Unprotects);
    }

    [Fact]
    public void A_tampered_token_is_refused_every_time_and_never_remembered()
    {
        var tampered = Antiforgery.Protect(Token);
        tampered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => Antiforgery.Unprotect(tampered));
        Assert.ThrowsAny<CryptographicException>(() => Antiforgery.Unprotect(tampered));
        Assert.Equal(2, _keyRing.Unprotects);
    }

    [Fact]
    public void Changing_a_returned_array_does_not_change_what_is_remembered()
    {
        var protectedToken = Antiforgery.Protect(Token);
        var expected = (byte[])protectedToken.Clone();
        protectedToken[0] ^= 0xff;
        Antiforgery.Unprotect(expected)[0] ^= 0xff;

        Assert.Equal(expected, Antiforgery.Protect(Token));
        Assert.Equal(Token, Antiforgery.Unprotect(expected));
    }

    [Fact]
    public void After_ten_minutes_the_key_ring_is_asked_again()
    {
        var protectedToken = Antiforgery.Protect(Token);
        _clock.Advance(TimeSpan.FromMinutes(9));
        Antiforgery.Unprotect(protectedToken);
        Assert.Equal(0, _keyRing.Unprotects);

        _clock.Advance(TimeSpan.FromMinutes(2));
        Antiforgery.Unprotect(protectedToken);
        Assert.NotEqual(protectedToken, Antiforgery.Protect(Token));
        Assert.Equal((2, 1), (_keyRing.Protects, _keyRing.Unprotects));
    }

    [Fact]
    public void Other_purposes_go_straight_to_the_key_ring()
    {
        var signIn = _memo.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");

        Assert.NotEqual(signIn.Protect(Token), signIn.Protect(Token)); // a fresh IV each time: nothing remembered
        Assert.Equal(2, _keyRing.Protects);
    }

    [Fact]
    public async Task The_app_hands_out_the_same_form_token_on_every_page_of_a_journey()
    {
        await using var host = new AppHost();
        using var client = host.CreateBrowserlessClient();
        using (await client.SubmitAsync(await client.GetDocumentAsync("/report")))
        {
        }

        var first = await client.GetDocumentAsync("/report/who-are-you");
        var again = await client.GetDocumentAsync("/report/who-are-you");

        var token = first.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(token, again.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
    }

    public void Dispose() => _memo.Dispose();

    private sealed class CountingKeyRing(IDataProtectionProvider keyRing) : IDataProtectionProvider
    {
        private int _protects;
        private int _unprotects;

        public int Protects => _protects;

        public int Unprotects => _unprotects;

        public IDataProtector CreateProtector(string purpose) => new Counting(keyRing.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector protector, CountingKeyRing counts) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(protector.CreateProtector(purpose), counts);

            public byte[] Protect(byte[] plaintext)
            {
                Interlocked.Increment(ref counts._protects);
                return protector.Protect(plaintext);
            }

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref counts._unprotects);
                return protector.Unprotect(protectedData);
            }
        }
    }
}
