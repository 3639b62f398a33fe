#include "util/base64.h"

#include <openssl/evp.h>

#include <memory>

namespace pkpass {

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::unique_ptr<EVP_ENCODE_CTX, decltype(&EVP_ENCODE_CTX_free)> ctx(EVP_ENCODE_CTX_new(),
                                                                      EVP_ENCODE_CTX_free);
  if (ctx == nullptr || text.size() > static_cast<size_t>(INT32_MAX) - 64) return std::nullopt;
  std::string out(text.size() / 4 * 3 + 3, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int n = 0, tail = 0;
  EVP_DecodeInit(ctx.get());
  if (EVP_DecodeUpdate(ctx.get(), dst, &n, reinterpret_cast<const unsigned char*>(text.data()),
                       static_cast<int>(text.size())) < 0 ||
      EVP_DecodeFinal(ctx.get(), dst + n, &tail) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(n + tail));
  return out;
}

}  // namespace pkpass
