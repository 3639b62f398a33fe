// The write half of the floor: writes COUNT files of SIZE bytes into DIR the plainest way (create,
// one write, close), and prints the CPU time (user + system, from getrusage) and the wall time
// per file in microseconds. Usage: floor_write DIR SIZE COUNT
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: floor_write DIR SIZE COUNT\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string bytes(std::strtoul(argv[2], nullptr, 10), 'p');
  const long count = std::strtol(argv[3], nullptr, 10);
  const double cpu_start = CpuSeconds();
  const auto wall_start = std::chrono::steady_clock::now();
  for (long i = 0; i < count; ++i) {
    const std::string path = dir + "/floor-" + std::to_string(i) + ".pkpass";
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) ||
        close(fd) != 0) {
      std::perror(path.c_str());
      return 1;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double n = static_cast<double>(count);
  std::printf("%.1f %.1f\n", (CpuSeconds() - cpu_start) / n * 1e6, wall / n * 1e6);
  return 0;
}
