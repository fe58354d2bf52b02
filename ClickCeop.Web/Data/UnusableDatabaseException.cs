namespace ClickCeop.Web.Data;

/// <summary>
/// The database, its folder or its key ring cannot be used as configured: for the operator to fix (a path, a
/// permission, a file in the way, the version), not a bug. The service's start and the commands say it in one line.
/// An <see cref="InvalidOperationException"/>, as these refusals were before they had a type of their own.
/// </summary>
public sealed class UnusableDatabaseException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
