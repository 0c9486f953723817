# Writes the corpus data (to go to shared/action-corpus) and its manifests (for bench/action-corpus).
import json, os, shutil, hashlib, re, sys
WORK=os.environ.get('COLLECT_WORK','/tmp/action-corpus-collect')  # scratch: harvest.json, status.json, out/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from licence import licence
DATA=os.environ.get('CORPUS_DATA','/work/action-corpus'); MAN=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..')
h=json.load(open(os.path.join(WORK,'harvest.json'))); status=json.load(open(os.path.join(WORK,'status.json')))
KNOWN={ # repositories with no snapshot here: their licence as published (not read at the commit)
 'angular/angular':'MIT','dotnet/runtime':'MIT','facebook/react':'MIT','home-assistant/core':'Apache-2.0',
 'microsoft/TypeScript':'Apache-2.0','microsoft/vscode':'MIT','nodejs/node':'MIT','pandas-dev/pandas':'BSD-3-Clause',
 'python/cpython':'PSF-2.0','pytorch/pytorch':'BSD-3-Clause','rust-lang/rust':'MIT OR Apache-2.0',
 'scikit-learn/scikit-learn':'BSD-3-Clause','tensorflow/tensorflow':'Apache-2.0',
 'zed-industries/zed':'GPL-3.0-or-later AND AGPL-3.0-or-later AND Apache-2.0'}
FIX={ # LICENSE files the simple reader cannot name
 'BurntSushi/ripgrep':'Unlicense OR MIT','curl/curl':'curl','hashicorp/terraform':'BUSL-1.1','rails/rails':'MIT',
 'redis/redis':'RSALv2 OR SSPLv1 OR AGPL-3.0','tauri-apps/tauri':'Apache-2.0 OR MIT','astral-sh/uv':'Apache-2.0 OR MIT',
 'bevyengine/bevy':'Apache-2.0 OR MIT','biomejs/biome':'Apache-2.0 OR MIT','clap-rs/clap':'Apache-2.0 OR MIT',
 'rust-lang/cargo':'Apache-2.0 OR MIT','rust-lang/rust-analyzer':'Apache-2.0 OR MIT'}
lic_cache={}
def lic(repo, commit):
    if repo in FIX: return FIX[repo],'LICENSE at the commit, read by hand'
    d='/work/.mirror/'+next((x for x in os.listdir('/work/.mirror') if x.lower()==repo.replace('/','+').lower()),'-')+'/repo'
    if not os.path.isdir(d): return KNOWN.get(repo,'unknown'),'as published (no snapshot here)'
    k=(repo,commit)
    if k not in lic_cache: lic_cache[k]=licence(d,commit)
    return lic_cache[k],'LICENSE at the commit'
shutil.rmtree(DATA,ignore_errors=True); os.makedirs(MAN,exist_ok=True)
def sha(b): return hashlib.sha256(b).hexdigest()
def put(rel,b):
    p=os.path.join(DATA,rel); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'wb').write(b)
st={(r,p):(s,m,su) for r,p,s,m,su in status}
src=[l.rstrip('\n').split('\t') for l in open('/work/corpus/SOURCES.tsv')][1:]
out=['repository\tpath\tcommit\trole\tobtained\tlicence\tlicence_source\tactions_served\tsha256\tfile']
excluded=['repository\tpath\tcommit\tmissing']
for repo,path,commit,via in src:
    s,m,su=st[(repo,path)]
    f=f'workflows/{repo.replace("/","__")}/{os.path.basename(path)}'
    b=open('/work/corpus/'+f,'rb').read()
    if s=='missing': excluded.append(f'{repo}\t{path}\t{commit}\t{" ".join(m)}'); continue
    l,ls=lic(repo,commit)
    put(f,b)
    out.append('\t'.join([repo,path,commit,'corpus',via.replace('fetch-snapshot-HEAD','snapshot').replace('index-read_file','index'),l,ls,'exact' if s=='exact' else 'substituted',sha(b),f]))
for repo,path,commit,h256 in h['called']:
    f=f'workflows/{repo.replace("/","__")}/{os.path.basename(path)}'
    b=open(f'{WORK}/out/called/{repo.replace("/","__")}/{os.path.basename(path)}','rb').read()
    assert sha(b)==h256
    l,ls=lic(repo,commit); put(f,b)
    out.append('\t'.join([repo,path,commit,'called','snapshot',l,ls,'-',h256,f]))
open(MAN+'/SOURCES.tsv','w').write('\n'.join(out)+'\n')
open(MAN+'/EXCLUDED.tsv','w').write('\n'.join(excluded)+'\n')
# actions: refs and files
sub=h['substituted']
refs=['repository\tref\tkind\tserved_commit\tserved_as\tlicence']
served={(f'{o}/{r}',c) for o,r,c,p,_ in h['files']}
for o,r,ref,kind,commit in h['refs']:
    if (f'{o}/{r}',commit) not in served: continue  # its file was not there either (EXCLUDED.tsv)
    subst=''
    k='sha' if re.match(r'^[0-9a-f]{40}$',ref) else ('branch' if kind=='branch' else 'tag')
    if 'substituted' in kind:
        subst=kind.split('-by-')[1]
        k='sha' if kind.startswith('sha') else 'tag'
        # a moving ref that the snapshot lacks: a tag is the likelier (v6, v9, v4.4.0)
    l,_=lic(f'{o}/{r}',commit)
    refs.append('\t'.join([f'{o}/{r}',ref,k,commit,('exact' if not subst else 'substituted by '+subst),l]))
open(MAN+'/ACTIONS.tsv','w').write('\n'.join(refs)+'\n')
files=['repository\tcommit\tpath\tkind\tsha256']
for o,r,c,p,h256 in h['files']:
    b=open(f'{WORK}/out/actions/{o}/{r}/{c}/{p}','rb').read(); assert sha(b)==h256
    put(f'actions/{o}/{r}/{c}/{p}',b)
    files.append('\t'.join([f'{o}/{r}',c,p,'file',h256]))
kept={(f'{o}/{r}',c,p) for o,r,c,p,_ in h['files']}
for o,r,c,p in h['standins']:
    if (f'{o}/{r}',c,p) in kept: continue
    files.append('\t'.join([f'{o}/{r}',c,p,'stand-in','-']))
open(MAN+'/FILES.tsv','w').write('\n'.join(files)+'\n')
print(len(out)-1,'workflow rows',len(excluded)-1,'excluded',len(refs)-1,'refs',len(files)-1,'files')
