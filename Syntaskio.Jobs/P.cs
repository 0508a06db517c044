namespace Syntaskio.Jobs; internal static class Placeholder {}
