// How a batch publishes a finished pass: the ways to make a file appear only once complete,
// against a plain create (which a killed process can leave half-written) as reference, timed on
// the file system of DIR. The ways take turns, ROUNDS rounds of FILES files each, so that the
// drift of the file system (ext4 creates files slowly for minutes after a mass delete) falls on
// all of them alike; nothing is deleted until the end. Prints, per way, the CPU time (user +
// system, of this thread) per file: the median and the range over the rounds, and the median's
// ratio to the plain create's. Usage: publish_bench DIR [SIZE [ROUNDS [FILES]]]
//   way 0: O_TMPFILE in the folder, linked through /proc/self/fd (any user)
//   way 1: a temporary name (O_CREAT | O_EXCL), renamed into place (renameat)
//   way 2: plain create, one write, close (not atomic: the reference)
//   way 3: O_TMPFILE in the open folder, linked by descriptor (AT_EMPTY_PATH: root, or
//          CAP_DAC_READ_SEARCH)
//   way 4: as way 1, the 16 files of a chunk written first, then renamed one after the other
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace {

constexpr int kWays = 5;
constexpr int kChunk = 16;

// This thread's CPU time, user and system, in µs (precise, unlike getrusage's ticks).
double ThreadCpuMicros() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

class Publisher {
 public:
  Publisher(std::string dir, size_t size) : dir_(std::move(dir)), bytes_(size, 'p') {
    fd_ = open(dir_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  }
  ~Publisher() { close(fd_); }

  // Publishes `count` files the way `way` does; false when the folder refuses it.
  bool Run(int way, int count) {
    if (way == 4) return Chunked(count);
    for (int i = 0; i < count; ++i) {
      if (!One(way, Name())) return false;
    }
    return true;
  }

 private:
  std::string Name() { return "P" + std::to_string(n_++) + ".pkpass"; }

  bool Write(int fd) const { return write(fd, bytes_.data(), bytes_.size()) == static_cast<ssize_t>(bytes_.size()); }

  bool One(int way, const std::string& name) {
    bool ok = false;
    if (way == 0 || way == 3) {
      const int fd = openat(fd_, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
      const std::string self = "/proc/self/fd/" + std::to_string(fd);
      ok = fd >= 0 && Write(fd) &&
           (way == 3 ? linkat(fd, "", fd_, name.c_str(), AT_EMPTY_PATH)
                     : linkat(AT_FDCWD, self.c_str(), fd_, name.c_str(), AT_SYMLINK_FOLLOW)) == 0;
      if (fd >= 0) close(fd);
    } else if (way == 1) {
      const std::string temp = "." + name + ".tmp";
      const int fd = openat(fd_, temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
      ok = fd >= 0 && Write(fd) && close(fd) == 0 && renameat(fd_, temp.c_str(), fd_, name.c_str()) == 0;
    } else {
      const int fd = openat(fd_, name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
      ok = fd >= 0 && Write(fd) && close(fd) == 0;
    }
    return ok;
  }

  bool Chunked(int count) {
    for (int done = 0; done < count; done += kChunk) {
      std::vector<std::string> names;
      for (int i = done; i < std::min(count, done + kChunk); ++i) {
        names.push_back(Name());
        const std::string temp = "." + names.back() + ".tmp";
        const int fd = openat(fd_, temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 || !Write(fd) || close(fd) != 0) return false;
      }
      for (const std::string& name : names) {
        if (renameat(fd_, ("." + name + ".tmp").c_str(), fd_, name.c_str()) != 0) return false;
      }
    }
    return true;
  }

  std::string dir_;
  std::string bytes_;
  int fd_ = -1;
  long n_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: publish_bench DIR [SIZE [ROUNDS [FILES]]]\n");
    return 2;
  }
  const size_t size = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 228u << 10;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 7;
  const int files = argc > 4 ? std::atoi(argv[4]) : 320;
  std::string templ = std::string(argv[1]) + "/publish-bench.XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  const std::string dir = templ;
  std::vector<std::vector<double>> per_file(kWays);
  {
    Publisher publisher(dir, size);
    for (int r = 0; r < rounds; ++r) {
      for (int way = 0; way < kWays; ++way) {
        const double start = ThreadCpuMicros();
        if (!publisher.Run(way, files)) {
          std::printf("way %d: refused here (%s)\n", way, way == 3 ? "not permitted" : "error");
          per_file[static_cast<size_t>(way)].push_back(-1);
          continue;
        }
        per_file[static_cast<size_t>(way)].push_back((ThreadCpuMicros() - start) / files);
      }
    }
  }
  std::filesystem::remove_all(dir);
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double plain = median(per_file[2]);
  const char* names[kWays] = {"O_TMPFILE + linkat /proc", "temp name + renameat", "plain create (reference)",
                              "O_TMPFILE + linkat by fd", "16 temp names, then 16 renameat"};
  std::printf("%zu-byte files, %d rounds of %d, CPU µs a file (user + system)\n", size, rounds, files);
  for (int way = 0; way < kWays; ++way) {
    std::vector<double>& v = per_file[static_cast<size_t>(way)];
    std::sort(v.begin(), v.end());
    std::printf("way %d  %-32s median %7.1f  range %7.1f-%7.1f  %.2f x plain\n", way, names[way], median(v),
                v.front(), v.back(), median(v) / plain);
  }
  return 0;
}
