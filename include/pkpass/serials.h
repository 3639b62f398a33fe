// Serial numbers as the names of pass files: which serials may name a file, and a registry that
// finds two serials of one batch that would name the same file. Thread-compatible: one
// SerialRegistry is used from one thread at a time.
//
// The rule: a serial names "<serial>.pkpass", so it must be 1 to 200 bytes of valid UTF-8, with no
// "/", "\", control character or leading ".", and no bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which would make a name display as another.
// Two serials are the same file when their NFKC case folds are equal: "ABC" and "abc", or "é" as
// one code point and as "e" with a combining accent, collide on macOS, Windows and any
// case-insensitive or normalising file system, so a batch refuses the second of them.
#ifndef PKPASS_SERIALS_H_
#define PKPASS_SERIALS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pkpass/export.h"

namespace pkpass {

inline constexpr size_t kMaxSerialBytes = 200;

// Returns "" when `serial` may name a pass file, else why it may not (for a message).
PKPASS_EXPORT std::string SerialFileNameProblem(std::string_view serial);

// As SerialFileNameProblem, and also for a name that no Windows file system takes: one of
// < > : " | ? *, a trailing "." or space, or a device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9,
// in any case, with or without an extension). For the names of files handed to people (a
// .pkpasses bundle is downloaded onto any system); serials keep the narrower rule, as Wallet
// accepts any serial.
PKPASS_EXPORT std::string PortableFileNameProblem(std::string_view name);

// Returns the shard, from 0 to shards - 1, that the pass of `serial` belongs to when a batch is
// split `shards` ways: the first 8 bytes of the SHA-256 of its NFKC case fold, big-endian, modulo
// `shards`. The same on every machine and in every release, and the same for two serials that
// name the same file, so duplicates always meet in one shard. REQUIRES: shards > 0.
PKPASS_EXPORT std::uint32_t SerialShard(std::string_view serial, std::uint32_t shards);

// The most shards a batch is split into.
inline constexpr std::uint32_t kMaxShards = 65536;

// Reads "K/N", shard K (from 0) of a batch split N ways (1 to kMaxShards), into `shard` and
// `shards`. Returns false, leaving them as they are, for anything else.
PKPASS_EXPORT bool ParseShard(std::string_view text, std::uint32_t& shard, std::uint32_t& shards);

// The serials of one batch, kept as 64-bit SipHash values of their NFKC case folds under a key
// drawn at random for each registry, in an open-addressed table: 16 to 32 bytes a serial, and no
// input can be crafted to collide with another (by chance, two of a million serials collide with
// a probability of about 3 in 100 million, which would refuse one as a duplicate).
class PKPASS_EXPORT SerialRegistry {
 public:
  SerialRegistry();
  ~SerialRegistry();
  SerialRegistry(const SerialRegistry&) = delete;
  SerialRegistry& operator=(const SerialRegistry&) = delete;

  // Returns the tag of the recorded serial that names the same file as `serial`, or 0.
  size_t Find(std::string_view serial) const;

  // Records `serial` for the record `tag` (e.g. its line) and returns 0; when a serial that names
  // the same file was recorded already, records nothing and returns that serial's tag. Tags past
  // 2^32 - 1 are kept as 2^32 - 1. REQUIRES: tag > 0.
  size_t Claim(std::string_view serial, size_t tag);

  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pkpass

#endif  // PKPASS_SERIALS_H_
