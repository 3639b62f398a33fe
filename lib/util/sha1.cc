#include "util/sha1.h"

#include "util/hex.h"

namespace pkpass {

namespace {

// Fetched once and kept for the life of the process (the pointer stays reachable).
const EVP_MD* Fetch(const char* name, const EVP_MD* fallback) {
  const EVP_MD* fetched = EVP_MD_fetch(nullptr, name, nullptr);
  return fetched != nullptr ? fetched : fallback;
}

}  // namespace

const EVP_MD* FetchedSha1() {
  static const EVP_MD* const md = Fetch("SHA1", EVP_sha1());
  return md;
}

const EVP_MD* FetchedSha256() {
  static const EVP_MD* const md = Fetch("SHA256", EVP_sha256());
  return md;
}

std::string Sha1Hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, FetchedSha1(), nullptr);
  return LowerHex(std::string_view(reinterpret_cast<const char*>(md), n));
}

}  // namespace pkpass
