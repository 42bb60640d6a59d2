/**
 * The course map: every lesson of the course, in order, with the seed topics
 * it covers (the Chinese articles in the course's reference notes) and the
 * Docker feature it explains. A lesson folder that exists is "ready"; an entry
 * without one is planned. `tslab lessons map` prints it; a test keeps it in
 * step with the lesson folders.
 */
import type { Lang } from './types.js';

export interface CourseEntry {
  /** The lesson folder (`07-bridge`), whether it exists yet or not. */
  id: string;
  /** Shown for a planned lesson; a ready one shows its own title. */
  title: Record<Lang, string>;
  /** The seed articles' topics this lesson teaches. */
  topics: Record<Lang, string>;
  /** What of Docker it explains. */
  docker: Record<Lang, string>;
}

const entry = (id: string, title: [string, string], topics: [string, string], docker: [string, string]): CourseEntry => ({
  id,
  title: { en: title[0], 'zh-CN': title[1] },
  topics: { en: topics[0], 'zh-CN': topics[1] },
  docker: { en: docker[0], 'zh-CN': docker[1] },
});

export const COURSE: readonly CourseEntry[] = [
  entry('01-netns', ['Network namespaces and veth pairs', '网络命名空间与 veth 对'], ['Network namespace, ip netns, veth pairs', '网络命名空间、ip netns、veth 对'], ['each container has its own netns', '每个容器一个网络命名空间']),
  entry('02-pid-uts-ipc', ['PID, UTS and IPC namespaces', 'PID、UTS 与 IPC 命名空间'], ['clone() flags, PID 1, hostname, System V IPC', 'clone() 标志、PID 1、主机名、System V IPC'], ['docker run makes new namespaces', 'docker run 创建新的命名空间']),
  entry('03-cgroups', ['Limiting memory, CPU and processes with cgroups', '用 cgroup 限制内存、CPU 和进程数'], ['cgroup hierarchies, cpu.cfs_quota_us, tasks/cgroup.procs, memory', 'cgroup 层级、cpu.cfs_quota_us、tasks/cgroup.procs、内存'], ['--memory, --cpus, --pids-limit', '--memory、--cpus、--pids-limit']),
  entry('04-mounts-pivot-root', ['Mount namespaces, chroot and pivot_root', 'mount 命名空间、chroot 与 pivot_root'], ['CLONE_NEWNS, rootfs, chroot vs pivot_root', 'CLONE_NEWNS、rootfs、chroot 与 pivot_root'], ["the container's root filesystem", '容器的根文件系统']),
  entry('05-union-fs', ['Union filesystems: the AUFS idea on overlayfs', '联合文件系统：在 overlayfs 上重现 AUFS'], ['AUFS company/home example, layers, copy-up, whiteouts', 'AUFS 的 company/home 例子、分层、写时复制、whiteout'], ['image layers, overlay2', '镜像分层、overlay2']),
  entry('06-userns', ['User namespaces', '用户命名空间'], ['User namespace: root inside, unprivileged outside', '用户命名空间：里面是 root，外面是普通用户'], ['--userns-remap', '--userns-remap']),
  entry('07-bridge', ['The bridge', '网桥'], ['docker0, veth ports, brctl show, bridge mode, network isolation', 'docker0、veth 端口、brctl show、bridge 模式、网络隔离'], ['docker0, docker network create', 'docker0、docker network create']),
  entry('08-nat-ports', ['NAT and -p', 'NAT 与 -p'], ['iptables nat, DNAT for -p 6379:6379, MASQUERADE', 'iptables nat 表、-p 6379:6379 的 DNAT、MASQUERADE'], ['-p, outbound NAT', '-p、出站 NAT']),
  entry('09-net-modes-exec', ['Network modes and exec', '网络模式与 exec'], ['none, host, container:NAME (pods), nsenter vs docker exec', 'none、host、container:NAME（Pod）、nsenter 与 docker exec'], ['--net, docker exec', '--net、docker exec']),
  entry('10-pid1-lifecycle', ['PID 1 and the lifecycle', 'PID 1 与生命周期'], ['init as PID 1, zombies, docker stop, freezer, logs', 'PID 1 的 init、僵尸进程、docker stop、冻结器、日志'], ['--init, stop, pause, logs', '--init、stop、pause、logs']),
];
