package dev.bulwark.http;

import dev.bulwark.headers.HeaderPolicy;

/**
 * The protections that may differ by path ({@code bulwark.paths}), compiled once at start-up.
 *
 * @param headers the response headers for the path
 * @param cors whether CORS applies
 * @param crossSite whether cross-site request protection applies
 * @param maxBodyBytes the largest request body the path accepts; 0 refuses any body
 */
public record PathPolicy(HeaderPolicy headers, boolean cors, boolean crossSite, long maxBodyBytes) {

  /** Returns this policy with another body limit. */
  public PathPolicy withMaxBodyBytes(long bytes) {
    return new PathPolicy(headers, cors, crossSite, bytes);
  }
}
