/work/main/fuzz/build/engine/grade-lab.o: /work/main/engine/grade-lab.c \
  /work/main/engine/grade.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/listing.h

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/listing.h:
