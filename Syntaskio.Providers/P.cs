namespace Syntaskio.Providers; internal static class Placeholder {}
