/work/main/fuzz/build/engine/procfs.o: /work/main/engine/procfs.c \
  /work/main/config.h /work/main/engine/scenario.h \
  /work/main/engine/vm.h

/work/main/config.h:

/work/main/engine/scenario.h:

/work/main/engine/vm.h:
