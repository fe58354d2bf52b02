using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace ClickCeop.Web.Data;

/// <summary>
/// Remembers, for a few minutes, what the antiforgery tokens' protector recently protected and unprotected. A
/// reporter's antiforgery cookie stays the same for the whole journey, and so does the form token made from it (the
/// same bytes on every page), yet each page used to unprotect the cookie and protect or unprotect the form token
/// again: two Data Protection operations (key derivation, AES, HMAC) of about 60 µs each on 2 cores, with the
/// draft's SQLite read the largest cost of a question page (bench/README.md, "Antiforgery tokens remembered").
/// ASP.NET Core's antiforgery still makes and checks every token; only the crypto it asks for again is answered from
/// memory.
/// Only successful results are kept, in a cache with a size limit: a forged or tampered token is never kept and is
/// checked in full every time; a token whose key is revoked keeps working until its entry expires (minutes). Every
/// other purpose (the officers' sign-in cookie) goes straight to the key ring.
/// </summary>
public sealed class AntiforgeryTokenMemo : IDataProtectionProvider, IDisposable
{
    /// <summary>The purpose ASP.NET Core's antiforgery token serializer creates its protector with.</summary>
    public const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    /// <summary>About 1 KB each: two per visitor with a form open, far more than are open at once.</summary>
    public const int DefaultEntries = 20_000;

    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);

    private readonly IDataProtectionProvider _keyRing;
    private readonly MemoryCache _cache;

    public AntiforgeryTokenMemo(IDataProtectionProvider keyRing, int entries = DefaultEntries, TimeProvider? time = null)
    {
        _keyRing = keyRing;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = entries, Clock = time is null ? null : new Clock(time) });
    }

    public IDataProtector CreateProtector(string purpose) =>
        purpose == AntiforgeryPurpose ? new Protector(_keyRing.CreateProtector(purpose), _cache) : _keyRing.CreateProtector(purpose);

    public void Dispose() => _cache.Dispose();

    private sealed class Protector(IDataProtector keyRing, MemoryCache cache) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => keyRing.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext)
        {
            // A form token is made from the cookie token alone, so it is the same plaintext on every page.
            var key = new Key(Kind.Protect, Convert.ToBase64String(plaintext));
            if (cache.TryGetValue(key, out byte[]? remembered))
            {
                return (byte[])remembered!.Clone();
            }
            var protectedData = keyRing.Protect(plaintext);
            Keep(key, protectedData);
            Keep(new Key(Kind.Unprotect, Convert.ToBase64String(protectedData)), plaintext);
            return protectedData;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            var key = new Key(Kind.Unprotect, Convert.ToBase64String(protectedData));
            if (cache.TryGetValue(key, out byte[]? remembered))
            {
                return (byte[])remembered!.Clone();
            }
            var plaintext = keyRing.Unprotect(protectedData); // throws for a forged or tampered token: nothing is kept
            Keep(key, plaintext);
            return plaintext;
        }

        private void Keep(Key key, byte[] value)
        {
            using var entry = cache.CreateEntry(key);
            entry.Value = value.Clone(); // the caller may change its array; the memo's copy never leaves it
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Remember;
        }
    }

    private enum Kind { Protect, Unprotect }

    private readonly record struct Key(Kind Kind, string Bytes);

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
