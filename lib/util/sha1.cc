#include "util/sha1.h"

#include <openssl/evp.h>

#include "util/hex.h"

namespace pkpass {

std::string Sha1Hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha1(), nullptr);
  return LowerHex(std::string_view(reinterpret_cast<const char*>(md), n));
}

}  // namespace pkpass
