namespace Syntaskio.Tests; internal static class Placeholder {}
