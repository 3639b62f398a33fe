#include "util/openssl_ptr.h"

#include <openssl/err.h>
#include <openssl/provider.h>

namespace pkpass {

void LoadLegacyProvider() {
  static const struct Holder {
    OSSL_PROVIDER* provider = OSSL_PROVIDER_try_load(nullptr, "legacy", 1);
    ~Holder() {
      if (provider != nullptr) OSSL_PROVIDER_unload(provider);
    }
  } holder;
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string DrainOpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    const char* reason = ERR_reason_error_string(e);
    out += reason != nullptr ? reason : buf;
  }
  return out;
}

std::string OpenSslMessage(std::string_view what) {
  std::string errors = DrainOpenSslErrors();
  std::string out(what);
  if (!errors.empty()) out += " (" + errors + ")";
  return out;
}

}  // namespace pkpass
